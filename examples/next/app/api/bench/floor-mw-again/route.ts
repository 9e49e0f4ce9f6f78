// The in-process benchmark's control rung (bench/app.ts, VARIANTS=floor-mw,floor-mw-again,…): floor-mw's
// own handler under a second route, for what two routes of one app differ by when their code is the same.
export { POST } from '../floor-mw/route';
