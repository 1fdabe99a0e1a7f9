// The call graph's quads: flat colour (the version line, and for WebGL2 the default precision,
// are prepended at build time).

in vec4 v_colour;
out vec4 o_colour;

void main() {
  o_colour = v_colour;
}
