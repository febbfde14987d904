import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/**
 * A local S3-compatible server (s3rver, from npm) on a free loopback port with one bucket, for the media store's
 * S3 adapter. It checks SigV4 signatures against its fixed credentials, as a real bucket checks ours.
 */
export async function startS3Server(bucket = 'bobbin-media') {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    config: {
      kind: 's3' as const,
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: 'test/',
    },
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
