/** @type {import('next').NextConfig} */
const nextConfig = {
  // The guard's packages are plain Node ESM; no transpiling needed.
  poweredByHeader: false,
};

export default nextConfig;
