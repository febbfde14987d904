'use client';

import { useEffect, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';

export type ScanFeedback = { tone: 'ok' | 'warn' | 'error'; text: string };

/** The part of the Shape Detection API used here (not in TypeScript's DOM types yet). */
type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
type DetectorCtor = new (opts?: { formats?: string[] }) => Detector;

const TONE = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  warn: 'text-amber-800 dark:text-amber-300',
  error: 'text-red-700 dark:text-red-400',
};

/**
 * A scan box: a keyboard-wedge scanner types the barcode and presses Enter (so Enter here never submits the
 * surrounding form), and, where the browser has `BarcodeDetector`, a camera button. Each code goes to `onScan`,
 * whose answer is shown and announced (aria-live), so a warehouse worker hears unknown and repeated codes.
 */
export function ScanField({
  onScan,
  label = 'Scan a barcode',
  testId = 'scan',
}: {
  onScan: (code: string) => ScanFeedback | Promise<ScanFeedback>;
  label?: string;
  testId?: string;
}) {
  const [feedback, setFeedback] = useState<ScanFeedback | null>(null);
  const [camera, setCamera] = useState<'unsupported' | 'off' | 'on'>('unsupported');
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => {
    // Feature detection on the client only: the button is not rendered where the API is missing.
    if ('BarcodeDetector' in window && typeof navigator.mediaDevices?.getUserMedia === 'function') setCamera('off');
  }, []);

  const handle = (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    void Promise.resolve(onScanRef.current(code)).then(setFeedback, () =>
      setFeedback({ tone: 'error', text: `${code} could not be looked up. Try again.` }),
    );
  };

  useEffect(() => {
    if (camera !== 'on') return;
    let stopped = false;
    let last = { code: '', at: 0 };
    const Ctor = (window as unknown as { BarcodeDetector: DetectorCtor }).BarcodeDetector;
    const detector = new Ctor();
    (async () => {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (stopped) return stream.getTracks().forEach((t) => t.stop());
        streamRef.current = stream;
        const video = videoRef.current!;
        video.srcObject = stream;
        await video.play();
        const tick = async () => {
          if (stopped) return;
          try {
            for (const found of await detector.detect(video)) {
              // The same code held in front of the camera is one scan, not one per frame.
              const now = Date.now();
              if (found.rawValue === last.code && now - last.at < 1500) continue;
              last = { code: found.rawValue, at: now };
              handle(found.rawValue);
            }
          } catch {
            // A frame that could not be read: try the next one.
          }
          requestAnimationFrame(() => void tick());
        };
        void tick();
      } catch {
        setFeedback({ tone: 'error', text: 'The camera could not be opened. Use a scanner or type the barcode.' });
        setCamera('off');
      }
    })();
    return () => {
      stopped = true;
      streamRef.current?.getTracks().forEach((t) => t.stop());
      streamRef.current = null;
    };
  }, [camera]);

  return (
    <div className="mb-4 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`${testId}-box`}>
      <div className="flex flex-wrap items-end gap-2">
        <label className="min-w-56 flex-1 text-sm">
          <span className="mb-1 block font-medium">{label}</span>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            enterKeyHint="enter"
            placeholder="Barcode or SKU, then Enter"
            className={`${inputClass} font-mono`}
            data-testid={`${testId}-input`}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              handle(e.currentTarget.value);
              e.currentTarget.value = '';
            }}
          />
        </label>
        {camera !== 'unsupported' && (
          <button
            type="button"
            className={buttonClass('secondary')}
            aria-pressed={camera === 'on'}
            onClick={() => setCamera(camera === 'on' ? 'off' : 'on')}
          >
            {camera === 'on' ? 'Stop camera' : 'Scan with camera'}
          </button>
        )}
      </div>
      {camera === 'on' && (
        // biome-ignore lint/a11y/useMediaCaption: a live camera preview has no audio to caption
        <video ref={videoRef} className="mt-2 max-h-56 w-full rounded bg-black object-cover" muted playsInline />
      )}
      <p
        role="status"
        aria-live="polite"
        className={`mt-2 min-h-5 text-sm ${feedback ? TONE[feedback.tone] : ''}`}
        data-testid={`${testId}-feedback`}
      >
        {feedback?.text ?? ''}
      </p>
    </div>
  );
}
