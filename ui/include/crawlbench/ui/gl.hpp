#pragma once
// The OpenGL the UI draws with: the common subset of desktop GL 3.3 core and OpenGL ES 3.0
// (WebGL2). Natively the functions come straight from libGL (glvnd exports every entry point).
#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#else
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
#endif
