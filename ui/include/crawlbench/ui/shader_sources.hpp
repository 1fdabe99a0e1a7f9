#pragma once
// The GLSL of shaders/, embedded at build time behind this platform's version header
// (cmake/embed_shaders.cmake).
namespace crawlbench::ui::shader_sources {

extern const char* const version_header;  // "#version 330 core\n" or "#version 300 es\n..."
extern const char* const spans_vert;
extern const char* const spans_frag;
extern const char* const blit_vert;
extern const char* const blit_frag;

}  // namespace crawlbench::ui::shader_sources
