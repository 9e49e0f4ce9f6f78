// Express 4 is installed under the alias `express4`; its API is typed by Express 5's types,
// which is all the tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
