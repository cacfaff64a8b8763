import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/ApiContext';
import { detectTransport } from './api/client';
import { App } from './App';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApiProvider transport={detectTransport()}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
}
