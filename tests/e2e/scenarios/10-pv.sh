# tests/e2e scenario: xl creates a PV guest that boots, prints its marker
# on its console (through xenconsoled) and powers off.
# e2e-timeout: 180
# e2e-cost: 30
. /e2e/lib.sh

e2e_guest_boots e2e-pv pv
