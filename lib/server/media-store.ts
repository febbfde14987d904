import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';
import { getEnv, type MediaConfig } from '../env';

/** One stored object, as the orphan check lists them. */
export type MediaObject = { key: string; modifiedAt: Date };

/**
 * Where catalog image files live. Keys are relative paths (`catalog/<image id>/<hash>-thumb.webp`); the store
 * never decides names. One interface, two adapters: a folder (the default, beside the embedded database) and
 * an S3-compatible bucket (`S3_*` settings).
 */
export interface MediaStore {
  readonly kind: 'dir' | 's3';
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<MediaObject>;
}

/** Keys are ours, but the serving route takes them from a URL: only plain path segments pass. */
export function isSafeKey(key: string): boolean {
  return /^[a-z0-9-]+(?:\/[A-Za-z0-9._-]+)+$/.test(key) && !key.split('/').some((s) => s === '.' || s === '..');
}

function checkKey(key: string): string {
  if (!isSafeKey(key)) throw new Error(`unsafe media key ${JSON.stringify(key)}`);
  return key;
}

const TYPE_OF_EXT: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.avif': 'image/avif',
};

/** Files under a folder. Writes go to a temporary name first, then are renamed: a reader never sees half a file. */
export class DirMediaStore implements MediaStore {
  readonly kind = 'dir' as const;
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, ...checkKey(key).split('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  }

  async get(key: string) {
    try {
      const bytes = await readFile(this.file(key));
      return {
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        contentType: TYPE_OF_EXT[path.extname(key)] ?? 'application/octet-stream',
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.file(key);
    await rm(file, { force: true });
    // Drop the image's folder once it is empty (best effort: another file may still be in it).
    await rmdir(path.dirname(file)).catch(() => undefined);
  }

  async *list(prefix: string): AsyncIterable<MediaObject> {
    const root = path.join(this.dir, ...prefix.split('/').filter(Boolean));
    let entries: Dirent[];
    try {
      entries = await readdir(root, { recursive: true, withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      if (!e.isFile() || e.name.endsWith('.tmp')) continue;
      const full = path.join(e.parentPath, e.name);
      const key = path.relative(this.dir, full).split(path.sep).join('/');
      yield { key, modifiedAt: (await stat(full)).mtime };
    }
  }
}

const xmlText = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** An S3-compatible bucket, path-style URLs (`<endpoint>/<bucket>/<key>`), requests signed with SigV4. */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const;
  private readonly client: AwsClient;
  constructor(private readonly cfg: Extract<MediaConfig, { kind: 's3' }>) {
    this.client = new AwsClient({
      accessKeyId: cfg.accessKeyId,
      secretAccessKey: cfg.secretAccessKey,
      region: cfg.region,
      service: 's3',
    });
  }

  private url(key: string): string {
    const full = `${this.cfg.prefix}${checkKey(key)}`;
    return `${this.cfg.endpoint}/${this.cfg.bucket}/${full.split('/').map(encodeURIComponent).join('/')}`;
  }

  private async send(url: string, init: RequestInit, ok: (status: number) => boolean): Promise<Response> {
    const res = await this.client.fetch(url, init);
    if (!ok(res.status)) {
      const body = await res.text().catch(() => '');
      const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? '';
      throw new Error(`media bucket answered ${res.status}${code ? ` ${code}` : ''} to ${init.method ?? 'GET'}`);
    }
    return res;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const res = await this.send(
      this.url(key),
      {
        method: 'PUT',
        body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as BodyInit,
        headers: { 'content-type': contentType },
      },
      (s) => s === 200,
    );
    await res.arrayBuffer();
  }

  async get(key: string) {
    const res = await this.client.fetch(this.url(key), { method: 'GET' });
    if (res.status === 404) {
      await res.arrayBuffer();
      return null;
    }
    if (res.status !== 200) throw new Error(`media bucket answered ${res.status} to GET`);
    return {
      bytes: new Uint8Array(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  async delete(key: string): Promise<void> {
    const res = await this.send(this.url(key), { method: 'DELETE' }, (s) => s === 204 || s === 200 || s === 404);
    await res.arrayBuffer();
  }

  async *list(prefix: string): AsyncIterable<MediaObject> {
    let token: string | null = null;
    do {
      const q = new URLSearchParams({ 'list-type': '2', prefix: `${this.cfg.prefix}${prefix}`, 'max-keys': '1000' });
      if (token) q.set('continuation-token', token);
      const res = await this.send(`${this.cfg.endpoint}/${this.cfg.bucket}?${q}`, { method: 'GET' }, (s) => s === 200);
      const xml = await res.text();
      for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = xmlText(/<Key>([\s\S]*?)<\/Key>/.exec(m[1]!)?.[1] ?? '');
        const modified = /<LastModified>([^<]+)<\/LastModified>/.exec(m[1]!)?.[1];
        if (key)
          yield { key: key.slice(this.cfg.prefix.length), modifiedAt: modified ? new Date(modified) : new Date(0) };
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
        ? xmlText(/<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') || null
        : null;
    } while (token);
  }
}

export function mediaStoreFor(cfg: MediaConfig): MediaStore {
  return cfg.kind === 's3' ? new S3MediaStore(cfg) : new DirMediaStore(cfg.dir);
}

let store: MediaStore | null = null;

/** This process's media store, from the validated environment. */
export function getMediaStore(): MediaStore {
  store ??= mediaStoreFor(getEnv().media);
  return store;
}

/** Tests switch stores between runs. */
export function setMediaStoreForTests(next: MediaStore | null): void {
  store = next;
}
