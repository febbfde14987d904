'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { ImageView } from '@/db/queries/catalog-images';
import { deleteImageAction, reorderImagesAction, setImageAltAction } from '../../actions';

type Upload = { name: string; state: 'uploading' | 'failed'; message?: string };

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif';

/**
 * A product's images per colour group: upload several (drop or pick), reorder by dragging or with the arrow keys
 * on a handle (or the Earlier/Later buttons), set alt text, delete. The first image of a group is its primary.
 */
export function ImageManager({
  productId,
  images,
  colours,
  canWrite,
}: {
  productId: string;
  images: ImageView[];
  colours: string[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const groups = ['', ...colours.filter((c) => c !== '')];
  const [colour, setColour] = useState('');
  const [order, setOrder] = useState<string[] | null>(null); // optimistic order while a reorder saves
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragOver, setDragOver] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const picker = useRef<HTMLInputElement>(null);

  const inGroup = images.filter((i) => i.colour === colour).sort((a, b) => a.position - b.position);
  const shown = order
    ? order.map((id) => inGroup.find((i) => i.id === id)).filter((i): i is ImageView => Boolean(i))
    : inGroup;
  useEffect(() => setOrder(null), [images]);

  async function upload(files: File[]) {
    setError(null);
    const list = files.filter((f) => f.size > 0);
    setUploads(list.map((f) => ({ name: f.name, state: 'uploading' })));
    const failed: Upload[] = [];
    // One at a time: each is up to 10 MB and converted on the server.
    for (const f of list) {
      try {
        const res = await fetch(`/api/catalog/products/${productId}/images?colour=${encodeURIComponent(colour)}`, {
          method: 'POST',
          body: f,
          headers: { 'content-type': f.type || 'application/octet-stream' },
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          failed.push({
            name: f.name,
            state: 'failed',
            message: body?.error?.message ?? `Upload failed (${res.status}).`,
          });
        }
      } catch {
        failed.push({ name: f.name, state: 'failed', message: 'The upload did not reach the server.' });
      }
      setUploads((u) => u.filter((x) => x.name !== f.name || x.state === 'failed'));
    }
    setUploads(failed);
    setAnnounce(`${list.length - failed.length} of ${list.length} image${list.length === 1 ? '' : 's'} uploaded.`);
    router.refresh();
  }

  function move(id: string, to: number) {
    const ids = shown.map((i) => i.id);
    const from = ids.indexOf(id);
    if (from < 0 || to < 0 || to >= ids.length || from === to) return;
    ids.splice(to, 0, ...ids.splice(from, 1));
    setOrder(ids);
    setAnnounce(`Image moved to position ${to + 1} of ${ids.length}.`);
    startTransition(async () => {
      const r = await reorderImagesAction({ productId, colour, ids });
      if (!r.ok) {
        setError(r.message);
        setOrder(null);
      }
      router.refresh();
    });
  }

  function remove(img: ImageView) {
    if (!window.confirm('Delete this image? Its files are removed too.')) return;
    startTransition(async () => {
      const r = await deleteImageAction({ imageId: img.id });
      if (!r.ok) setError(r.message);
      else setAnnounce('Image deleted.');
      router.refresh();
    });
  }

  const missingAlt = images.filter((i) => i.alt.trim() === '').length;

  return (
    <div data-testid="image-manager">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label htmlFor="image-group" className="text-sm font-medium">
          Images for
        </label>
        <select
          id="image-group"
          value={colour}
          onChange={(e) => {
            setColour(e.target.value);
            setOrder(null);
          }}
          className={`${inputClass.replace('w-full', '')} w-auto py-1`}
        >
          {groups.map((g) => (
            <option key={g} value={g}>
              {g === '' ? 'The product (all colours)' : `Colour: ${g}`} ({images.filter((i) => i.colour === g).length})
            </option>
          ))}
        </select>
        {missingAlt > 0 && <Badge tone="amber">{missingAlt} without alt text</Badge>}
      </div>
      {canWrite && (
        // A drop target for files dragged from the desktop; the file picker inside it is the keyboard way in.
        // biome-ignore lint/a11y/noStaticElementInteractions: drag-and-drop only; the picker button is the keyboard path
        <div
          data-testid="image-drop"
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes('Files')) {
              e.preventDefault();
              setDragOver(true);
            }
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={(e) => {
            if (!e.dataTransfer.files.length) return;
            e.preventDefault();
            setDragOver(false);
            void upload([...e.dataTransfer.files]);
          }}
          className={`mb-4 flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm ${dragOver ? 'border-brand-500 bg-brand-50 dark:bg-brand-950' : 'border-zinc-300 dark:border-zinc-700'}`}
        >
          <p className="text-zinc-600 dark:text-zinc-400">
            Drop JPEG, PNG, WebP or AVIF files here (up to 10 MB each), or
          </p>
          <button type="button" onClick={() => picker.current?.click()} className={buttonClass('secondary', 'py-1')}>
            Choose files…
          </button>
          <input
            ref={picker}
            type="file"
            multiple
            accept={ACCEPT}
            className="sr-only"
            aria-label="Upload images"
            data-testid="image-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length) void upload(files);
            }}
          />
        </div>
      )}
      {uploads.length > 0 && (
        <ul className="mb-3 space-y-1 text-sm" data-testid="upload-status">
          {uploads.map((u) => (
            <li
              key={u.name}
              className={u.state === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}
            >
              {u.name}: {u.state === 'uploading' ? 'uploading…' : u.message}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <p aria-live="polite" className="sr-only">
        {announce}
      </p>
      {shown.length === 0 ? (
        <p className="rounded-md bg-zinc-50 px-3 py-4 text-sm text-zinc-500 dark:bg-zinc-900">
          No images {colour ? `for ${colour}` : 'for the product'} yet.
        </p>
      ) : (
        <ol className="grid grid-cols-1 gap-3 2xl:grid-cols-2" data-testid="image-list">
          {shown.map((img, i) => (
            <li
              key={img.id}
              data-testid="image-item"
              data-image-id={img.id}
              draggable={canWrite}
              onDragStart={(e) => {
                setDragging(img.id);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', img.id);
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => {
                if (dragging) e.preventDefault();
              }}
              onDrop={(e) => {
                if (!dragging) return;
                e.preventDefault();
                move(dragging, i);
                setDragging(null);
              }}
              className={`flex gap-3 rounded-lg border p-2 ${dragging === img.id ? 'opacity-50' : ''} border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900`}
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- our own immutable URLs; next/image would re-encode */}
              <img
                src={img.thumbUrl}
                alt={img.alt}
                width={96}
                height={96}
                className="h-24 w-24 shrink-0 rounded-md bg-zinc-100 object-cover dark:bg-zinc-800"
              />
              <div className="min-w-0 flex-1 space-y-1.5">
                <div className="flex items-center gap-2 text-xs text-zinc-500">
                  {canWrite && (
                    <button
                      type="button"
                      aria-label={`Move image ${i + 1} of ${shown.length}: use the arrow keys`}
                      title="Drag, or focus and use the arrow keys"
                      onKeyDown={(e) => {
                        const delta =
                          e.key === 'ArrowUp' || e.key === 'ArrowLeft'
                            ? -1
                            : e.key === 'ArrowDown' || e.key === 'ArrowRight'
                              ? 1
                              : 0;
                        if (!delta) return;
                        e.preventDefault();
                        move(img.id, i + delta);
                      }}
                      className="cursor-grab rounded px-1 text-base leading-none text-zinc-400 hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:hover:bg-zinc-800"
                      data-testid="image-handle"
                    >
                      ⠿
                    </button>
                  )}
                  <span>#{i + 1}</span>
                  {i === 0 && <Badge tone="green">Primary</Badge>}
                  <span className="truncate">
                    {img.width}×{img.height}
                  </span>
                </div>
                {canWrite ? (
                  <AltField img={img} />
                ) : (
                  <p className="text-sm">{img.alt || <span className="text-amber-700">No alt text</span>}</p>
                )}
                {canWrite && (
                  <div className="flex flex-wrap gap-1">
                    {i > 0 && (
                      <button
                        type="button"
                        onClick={() => move(img.id, 0)}
                        className={buttonClass('ghost', 'px-2 py-0.5 text-xs')}
                      >
                        Make primary
                      </button>
                    )}
                    <button
                      type="button"
                      onClick={() => move(img.id, i - 1)}
                      disabled={i === 0}
                      className={buttonClass('ghost', 'px-2 py-0.5 text-xs')}
                      aria-label={`Move image ${i + 1} earlier`}
                    >
                      Earlier
                    </button>
                    <button
                      type="button"
                      onClick={() => move(img.id, i + 1)}
                      disabled={i === shown.length - 1}
                      className={buttonClass('ghost', 'px-2 py-0.5 text-xs')}
                      aria-label={`Move image ${i + 1} later`}
                    >
                      Later
                    </button>
                    <button
                      type="button"
                      onClick={() => remove(img)}
                      className={buttonClass('ghost', 'px-2 py-0.5 text-xs text-red-700 dark:text-red-400')}
                      aria-label={`Delete image ${i + 1}`}
                    >
                      Delete
                    </button>
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Alt text, saved on Enter or when the field loses focus with a change. */
function AltField({ img }: { img: ImageView }) {
  const router = useRouter();
  const [value, setValue] = useState(img.alt);
  const [state, setState] = useState<{ saving: boolean; error?: string; saved?: boolean }>({ saving: false });
  useEffect(() => setValue(img.alt), [img.alt]);
  async function save() {
    if (value.trim() === img.alt) return;
    setState({ saving: true });
    const r = await setImageAltAction({ imageId: img.id, alt: value });
    setState(
      r.ok ? { saving: false, saved: true } : { saving: false, error: r.fieldErrors?.alt?.join(' ') ?? r.message },
    );
    if (r.ok) router.refresh();
  }
  const id = `alt-${img.id}`;
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        Alt text
      </label>
      <input
        id={id}
        value={value}
        placeholder="Alt text: what the photo shows"
        maxLength={250}
        onChange={(e) => {
          setValue(e.target.value);
          setState({ saving: false });
        }}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          }
        }}
        aria-invalid={state.error || !img.alt ? true : undefined}
        className={`${inputClass} py-1 text-sm`}
        data-testid="image-alt"
      />
      <p className="mt-0.5 min-h-4 text-xs" aria-live="polite">
        {state.error ? (
          <span className="text-red-700 dark:text-red-400">{state.error}</span>
        ) : state.saving ? (
          <span className="text-zinc-500">Saving…</span>
        ) : state.saved ? (
          <span className="text-emerald-700 dark:text-emerald-400">Saved</span>
        ) : !img.alt ? (
          <span className="text-amber-700 dark:text-amber-400">Needed before the product can be active</span>
        ) : null}
      </p>
    </div>
  );
}
