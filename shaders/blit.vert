// Puts a call graph's cached image (a texture the span shaders rendered into) on the screen: one
// quad over the viewport.

layout(location = 0) in vec2 a_corner;  // the unit quad: (0,0) to (1,1)

out vec2 v_uv;

void main() {
  v_uv = a_corner;
  gl_Position = vec4(a_corner * 2.0 - 1.0, 0.0, 1.0);
}
