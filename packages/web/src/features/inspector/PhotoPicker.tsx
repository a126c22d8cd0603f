import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { MAX_PHOTOS, shrinkPhoto, thumbnailOf } from './photos';
import { useInsT } from './i18n';
import './inspector.css';

type Picked = { file: File; thumb: string | null };

/**
 * Choose photos on a phone: the button opens the rear camera (`capture="environment"`) or the
 * gallery; each photo is shrunk before upload and shown as a thumbnail that can be removed.
 */
export function PhotoPicker({
  value = [],
  onChange = () => undefined,
  max = MAX_PHOTOS,
  testId = 'photo-picker',
}: {
  /** Given by the Form.Item it sits in, or by the caller. */
  value?: File[];
  onChange?: (files: File[]) => void;
  max?: number;
  testId?: string;
}) {
  const { it } = useInsT();
  const input = useRef<HTMLInputElement>(null);
  const [thumbs, setThumbs] = useState<Map<File, string | null>>(new Map());
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const missing = value.filter((f) => !thumbs.has(f));
    if (!missing.length) return;
    void Promise.all(missing.map(async (f) => [f, await thumbnailOf(f)] as const)).then((pairs) => {
      if (live) setThumbs((m) => new Map([...m, ...pairs]));
    });
    return () => {
      live = false;
    };
  }, [value, thumbs]);

  const add = async (list: FileList | null) => {
    if (!list?.length) return;
    setBusy(true);
    try {
      const room = Math.max(0, max - value.length);
      const shrunk = await Promise.all([...list].slice(0, room).map(shrinkPhoto));
      onChange([...value, ...shrunk]);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const picked: Picked[] = value.map((file) => ({ file, thumb: thumbs.get(file) ?? null }));
  return (
    <div className="yw-photo-picker" data-testid={testId}>
      {picked.map((p, i) => (
        <div className="yw-photo-thumb" key={`${p.file.name}-${i}`}>
          {p.thumb ? (
            <img src={p.thumb} alt={p.file.name} />
          ) : (
            <span className="yw-photo-name">{p.file.name}</span>
          )}
          <button
            type="button"
            className="yw-photo-remove"
            aria-label={it('ph.remove')}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            <CloseOutlined />
          </button>
        </div>
      ))}
      {value.length < max && (
        <Button
          className="yw-photo-add"
          icon={<CameraOutlined style={{ fontSize: 24 }} />}
          loading={busy}
          onClick={() => input.current?.click()}
          data-testid={`${testId}-add`}
        >
          {it('ph.add')}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(e) => void add(e.target.files)}
      />
    </div>
  );
}
