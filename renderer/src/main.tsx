import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';
import './styles/index.css';

// The contract's schemas validate inputs here too. zod would otherwise probe `new Function`,
// which the page's CSP (no 'unsafe-eval') refuses and reports as a violation.
z.config({ jitless: true });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
