import './bridge/install';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './features/event-hub';
import './styles.css';
import { setLocale } from '@shared/locale';

// Numbers and dates in the person's language (decimal commas in German); English when the browser's is unknown.
setLocale(navigator.language);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
