import './catalogue.css';
import { Button, Input, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { lifeEventsQuery } from './catalogue-api';
import { useCatalogueT } from './catalogue-text';

/** The home page's way into the catalogue: a search box and the top life events. */
export function HomeServices() {
  const c = useCatalogueT();
  const navigate = useNavigate();
  const events = useQuery(lifeEventsQuery());
  return (
    <div className="yw-home-services">
      <Input.Search
        allowClear
        enterButton
        placeholder={c('searchPlaceholder')}
        aria-label={c('homeSearch')}
        data-testid="home-services-search"
        onSearch={(v) =>
          void navigate(v.trim() ? `/services?q=${encodeURIComponent(v.trim())}` : '/services')
        }
      />
      <Typography.Text type="secondary">{c('topEvents')}</Typography.Text>
      <div className="yw-life-events" data-testid="home-life-events">
        {(events.data?.items ?? []).slice(0, 8).map((e) => (
          <Link key={e.lifeEvent} to={`/services?lifeEvent=${encodeURIComponent(e.lifeEvent)}`}>
            <Tag color="red">{e.lifeEvent}</Tag>
          </Link>
        ))}
      </div>
      <Link to="/services" data-testid="home-all-services">
        <Button block>{c('allServices')}</Button>
      </Link>
    </div>
  );
}
