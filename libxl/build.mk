# libxl/: fragment of the domain builder part (build_*.c); paths relative to the top.
