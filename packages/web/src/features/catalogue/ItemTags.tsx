import { Tag } from 'antd';
import { useCatalogueT } from './catalogue-text';

/** 即办件 / 全程网办 / 告知承诺 tags of an item, the same on cards and detail pages. */
export function ItemTags({ item }: { item: { instant: boolean; visits: number; pledgeAllowed: boolean } }) {
  const c = useCatalogueT();
  return (
    <span className="yw-service-tags">
      {item.instant && (
        <Tag color="green" data-testid="tag-instant">
          {c('instant')}
        </Tag>
      )}
      {item.visits === 0 ? (
        <Tag color="blue" data-testid="tag-online">
          {c('online')}
        </Tag>
      ) : (
        <Tag>{c('visits', { n: item.visits })}</Tag>
      )}
      {item.pledgeAllowed && <Tag color="purple">{c('pledge')}</Tag>}
    </span>
  );
}
