'use client';

import { useEffect, useId, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';

type Pickable = { id: string; productName: string; colour: string; alt: string; thumbUrl: string; displayUrl: string };

/**
 * A small searchable picker of catalog images (thumbnails) for a colour/style option. The option keeps the
 * image's id as a reference (the public page shows its current URL) and its URL for the live preview.
 */
export function CatalogImagePicker({
  label,
  selected,
  onPick,
  onClear,
}: {
  label: string;
  selected: { imageId?: string; imageUrl?: string };
  onPick: (image: Pickable) => void;
  onClear: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [state, setState] = useState<{ images: Pickable[]; loading: boolean; error?: string }>({
    images: [],
    loading: false,
  });
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    // A short pause after typing, so a word is one request, not one per letter.
    const timer = setTimeout(async () => {
      setState((s) => ({ ...s, loading: true, error: undefined }));
      try {
        const res = await fetch(`/api/catalog/images?q=${encodeURIComponent(q)}`, { signal: ctrl.signal });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { images: Pickable[] };
        setState({ images: body.images, loading: false });
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        setState({ images: [], loading: false, error: 'Catalog images could not be loaded. Try again.' });
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [open, q]);

  return (
    <div className="w-full">
      <div className="flex flex-wrap items-center gap-2">
        {selected.imageId && selected.imageUrl && (
          <img
            src={selected.imageUrl}
            alt=""
            className="size-10 rounded border border-zinc-200 object-cover dark:border-zinc-700"
            data-testid="picked-image"
          />
        )}
        <button
          type="button"
          className={buttonClass('secondary', 'py-1')}
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
        >
          {selected.imageId ? 'Change catalog image' : 'Pick a catalog image'}
        </button>
        {selected.imageId && (
          <button type="button" className={buttonClass('ghost', 'py-1')} onClick={onClear}>
            Remove image
          </button>
        )}
      </div>
      {open && (
        <div
          id={id}
          role="region"
          aria-label={`Catalog images for ${label}`}
          className="mt-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700"
        >
          <input
            type="search"
            className={`${inputClass} py-1.5`}
            placeholder="Search products by name"
            aria-label={`Search catalog images for ${label}`}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <p className="mt-1 min-h-4 text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {state.error ??
              (state.loading
                ? 'Loading…'
                : state.images.length === 0
                  ? 'No catalog images match. Upload images on a product page first.'
                  : '')}
          </p>
          <ul className="mt-1 grid grid-cols-4 gap-2 sm:grid-cols-6">
            {state.images.map((img) => (
              <li key={img.id}>
                <button
                  type="button"
                  className="block w-full overflow-hidden rounded border border-zinc-200 hover:border-brand-600 focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-zinc-700"
                  aria-label={`Use ${img.productName}${img.colour ? ` (${img.colour})` : ''}: ${img.alt || 'no alt text'}`}
                  aria-pressed={selected.imageId === img.id}
                  onClick={() => {
                    onPick(img);
                    setOpen(false);
                  }}
                >
                  <img src={img.thumbUrl} alt="" className="aspect-square w-full object-cover" loading="lazy" />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
