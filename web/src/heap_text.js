// Text handed from JavaScript to a C function (const char* first, then numbers), copied to the
// heap: ccall's 'string' copies it onto the wasm stack (5 MB), and a worker's events, a run's
// spans or a server's /origins answer can be larger. Every call with text from outside goes here.
Module['callWithText'] = function (name, text, numbers) {
  const value = String(text);
  const size = lengthBytesUTF8(value) + 1;
  const pointer = Module['_malloc'](size);
  stringToUTF8(value, pointer, size);
  try {
    const rest = numbers || [];
    Module['ccall'](name, null, ['number'].concat(rest.map(() => 'number')), [pointer].concat(rest));
  } finally {
    Module['_free'](pointer);
  }
};
