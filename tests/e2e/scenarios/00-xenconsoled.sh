# tests/e2e scenario: xenconsoled runs in Dom0 (guests' consoles need it).
# e2e-timeout: 30
# e2e-cost: 2
. /e2e/lib.sh

e2e_started start xenconsoled
