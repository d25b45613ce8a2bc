#!/usr/bin/env bash
# Rollback of STEP-3-1: the order service reads from orders again.
exec "$(dirname "$0")/switch-reads.sh" v1
