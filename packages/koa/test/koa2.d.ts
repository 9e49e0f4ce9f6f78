// Koa 2 is installed under the alias `koa2`; Koa 3's types describe all the tests use.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
