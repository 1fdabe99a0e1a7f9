// The cached call graph, transparent where no request was drawn.

in vec2 v_uv;
out vec4 o_colour;

uniform sampler2D u_image;

void main() {
  o_colour = texture(u_image, v_uv);
}
