// The call graph: one request = one instanced quad, from its start to its end (x, seconds) on its
// own row (y, request number); a request that opened a connection gets one or two more quads over
// its start, its connect and its TLS handshake (ui/src/span_lod.hpp). The version line is
// prepended at build time: "#version 330 core" natively, "#version 300 es" for WebGL2
// (cmake/embed_shaders.cmake).

layout(location = 0) in vec2 a_corner;  // the unit quad: (0,0) to (1,1)
layout(location = 1) in vec4 a_span;    // start_s, end_s (negative: still in flight), row, colour (6: not issued yet)

uniform vec4 u_view;         // time_min, time_max, row_min, row_max shown
uniform vec2 u_pixels;       // the plot's size in pixels
uniform float u_now;         // where requests still in flight end for now
uniform vec4 u_colours[6];   // ok, failed, in flight, highlighted, connecting, TLS handshake (span_colour)

out vec4 v_colour;

void main() {
  if (a_span.w > 5.5) {  // not issued yet: outside the clip volume, nothing drawn
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    v_colour = vec4(0.0);
    return;
  }
  float end = a_span.y < 0.0 ? u_now : a_span.y;
  float span_s = u_view.y - u_view.x;
  float x0 = (a_span.x - u_view.x) / span_s;
  float x1 = (end - u_view.x) / span_s;
  x1 = max(x1, x0 + 1.0 / u_pixels.x);  // a request never thinner than a pixel
  float rows = u_view.w - u_view.z;
  float height = max(0.8 / rows, 1.0 / u_pixels.y);
  float centre = (a_span.z + 0.5 - u_view.z) / rows;
  float x = mix(x0, x1, a_corner.x);
  float y = centre + (a_corner.y - 0.5) * height;
  gl_Position = vec4(x * 2.0 - 1.0, y * 2.0 - 1.0, 0.0, 1.0);  // request 0 at the bottom, as in the book
  v_colour = u_colours[int(a_span.w)];
}
