// A socket for driving a Node request listener in process: it discards what it is written and answers
// the calls http.ServerResponse makes, so a framework runs as over HTTP, without TCP or the kernel.
import { Duplex } from 'node:stream';

export class NullSocket extends Duplex {
  remoteAddress = '127.0.0.1';
  override _read() {}
  override _write(_chunk: unknown, _encoding: string, callback: () => void) {
    callback();
  }
  override _writev(_chunks: unknown, callback: () => void) {
    callback();
  }
  setTimeout() {
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
}
