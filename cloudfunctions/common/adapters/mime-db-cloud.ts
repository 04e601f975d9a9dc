// Stands in for mime-db (137 KB minified) in the cloud bundles (scripts/build-functions.ts). The
// SDKs look types up only to name a file they upload — form-data for a value appended with a file
// name, wx-server-sdk for an open-API media parameter — and the functions upload neither: their
// multipart fields are strings and Buffers, which form-data sends as application/octet-stream.
// The few types that could still come up are kept, in mime-db's own shape.
module.exports = {
  'application/json': { source: 'iana', charset: 'UTF-8', compressible: true, extensions: ['json'] },
  'application/octet-stream': { source: 'iana', compressible: false, extensions: ['bin'] },
  'image/jpeg': { source: 'iana', compressible: false, extensions: ['jpeg', 'jpg'] },
  'image/png': { source: 'iana', compressible: false, extensions: ['png'] },
  'text/plain': { source: 'iana', compressible: true, extensions: ['txt'] },
};
