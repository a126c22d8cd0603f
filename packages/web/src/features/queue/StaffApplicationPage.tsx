import { Link, useParams } from 'react-router-dom';
import { ApplicationDetail } from '../applications/ApplicationDetail';
import { useAppT } from '../applications/i18n';
import '../applications/applications.css';

/** /workbench/applications/:id — the staff view: applicant (masked), form, materials, per sub-case actions. */
export default function StaffApplicationPage() {
  const { id = '' } = useParams();
  const { at } = useAppT();
  return (
    <div>
      <Link to="/workbench/queue" className="yw-back" data-testid="back-to-queue">
        ← {at('queue.title')}
      </Link>
      <ApplicationDetail id={id} audience="staff" />
    </div>
  );
}
