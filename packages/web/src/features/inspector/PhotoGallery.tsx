import { Image, Typography } from 'antd';
import { groupByStage, type WorkOrderPhoto } from './photos';
import { useInsT } from './i18n';
import './inspector.css';

/** Thumbnails that open a lightbox (antd Image), one row per stage, or a flat row with `flat`. */
export function PhotoGallery({
  photos,
  flat = false,
  testId = 'photo-gallery',
}: {
  photos: readonly WorkOrderPhoto[];
  flat?: boolean;
  testId?: string;
}) {
  const { it } = useInsT();
  if (!photos.length) return null;
  const groups = flat ? [{ stage: null, photos: [...photos] }] : groupByStage(photos);
  return (
    <Image.PreviewGroup>
      <div className="yw-photo-gallery" data-testid={testId}>
        {groups.map((g) => (
          <div
            key={g.stage ?? 'all'}
            className="yw-photo-group"
            data-testid={g.stage ? `photos-${g.stage}` : undefined}
          >
            {g.stage && (
              <Typography.Text type="secondary" className="yw-photo-stage">
                {it(`ph.stage.${g.stage}`)} · {g.photos.length}
              </Typography.Text>
            )}
            <div className="yw-photo-row">
              {g.photos.map((p) => (
                <Image
                  key={p.id}
                  src={p.url}
                  width={76}
                  height={76}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  alt={p.uploadedByName ?? ''}
                />
              ))}
            </div>
          </div>
        ))}
      </div>
    </Image.PreviewGroup>
  );
}
