import { describe, expect, it } from "vitest";
import { describeForeignDocument, recognizeForeignDocument } from "./recognize-foreign-document.js";

describe("recognizeForeignDocument", () => {
  it.each([
    [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } }, "a Kubernetes manifest (apiVersion, kind)"],
    [{ apiVersion: "v2", name: "cart", version: "1.2.0" }, "a Helm chart's Chart.yaml (apiVersion, name, version)"],
    [{ databaseChangeLog: [] }, "a Liquibase changelog (databaseChangeLog)"],
    [{ Resources: { Db: {} } }, "an AWS CloudFormation template (Resources)"],
    [{ swagger: "2.0", paths: {} }, "an OpenAPI document (swagger)"],
    [{ on: "push", jobs: {} }, "a GitHub Actions workflow (on, jobs)"],
    [{ name: "cart", version: "1.0.0", devDependencies: {} }, "an npm package.json (name, version, devDependencies)"],
    [{ services: { db: { image: "postgres" } } }, "a docker-compose file (services)"],
    [{ hosts: "all", roles: ["db"] }, "an Ansible play (hosts, roles)"],
    [{ image: { tag: "1" }, replicaCount: 1 }, "Helm chart values (replicaCount, image)"],
    [{ backup_dir: "/backups/{{ db }}" }, "Ansible variables (Jinja templates in backup_dir)"],
    [[{ name: "Back up", "ansible.builtin.command": "pg_dump" }], "an Ansible task list (a list of tasks with name and a module)"],
  ])("recognises %j as %s", (root, described) => {
    const found = recognizeForeignDocument(root);
    expect(found && describeForeignDocument(found)).toBe(`this looks like ${described}, not a migration-strategy plan`);
  });

  it.each([[{ metadata: {}, migration_phases: [] }], [{ services: ["a"], metadata: {} }], [{ name: "x", version: "1" }], [[{ phase_id: "P1" }]], ["text"]])(
    "recognises nothing in %j",
    (root) => {
      expect(recognizeForeignDocument(root)).toBeUndefined();
    },
  );
});
