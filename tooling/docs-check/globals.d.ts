// What README snippets use without defining: the reader's own app, keys and request. Typed
// loosely on purpose; every call into fingerprint-guard is still checked against its real types.
declare const app: any;
declare const router: any;
declare const keys: string[];
declare const request: Request;
declare const req: any;
declare const res: any;
declare const token: string;
declare const sealedResult: string;
declare const parsedBody: unknown;
declare const headers: Headers;
declare const body: unknown;
declare const secret: string;
declare const login: any;
declare const checkout: any;
declare const cart: unknown;
declare const nodes: Array<{ host: string; port: number }>;
declare const myClient: { send(args: string[]): Promise<unknown> };
declare const sealed: string;
declare const eventId: string;
declare function save(event: unknown): Promise<void>;
declare const requestId: string;
