import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { ApiError } from '../api/client';
import { LocaleProvider } from '../i18n/LocaleProvider';
import { createAppRouter } from './router';
import { SESSION_KEY } from '../api/session';

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A 401 from any list means the session ended (expired, signed out elsewhere): re-read it, and the
    // staff shell sends the user to /login.
    onError: (error, query) => {
      if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== SESSION_KEY[0]) {
        void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      }
    },
  }),
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network blip or a 5xx might.
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const router = createAppRouter();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <RouterProvider router={router} />
      </LocaleProvider>
    </QueryClientProvider>
  );
}
