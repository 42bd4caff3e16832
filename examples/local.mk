# examples/: configs shipped as documentation; each is parsed by the config
# tests (tests/cli/cfg) so they stay valid.
exampledir = $(docdir)/examples
dist_example_DATA = examples/debian-pv.cfg examples/pvh.cfg examples/hvm.cfg \
	examples/sim-hello.cfg examples/sim-web.cfg \
	examples/libvirt-pv.xml
