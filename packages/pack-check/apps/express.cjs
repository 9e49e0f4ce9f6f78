// An outside Express 5 app in CommonJS: require() of the packed @fingerprint-guard/express.
const express = require('express');
const { fingerprintGuard } = require('@fingerprint-guard/express');

const app = express();
app.post(
  '/login',
  express.json(),
  fingerprintGuard({ fingerprint: { keys: [process.env.FP_SEALED_KEY] } }),
  (req, res) => {
    res.json({ visitorId: req.fingerprint.visitorId });
  },
);
const server = app.listen(0, '127.0.0.1', () => console.log(server.address().port));
