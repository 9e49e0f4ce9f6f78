export default function Home() {
  return (
    <main>
      <h1>fingerprint-guard + Next.js</h1>
      <p>
        <code>POST /api/login</code> and <code>POST /api/orders/[id]</code> are behind <code>withFingerprint</code>.
      </p>
    </main>
  );
}
