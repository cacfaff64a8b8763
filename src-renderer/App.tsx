import { CommandsProvider } from './commands/CommandsProvider';
import { ToastProvider } from './components/Toasts';
import { Workbench } from './features/apps/Workbench';
import { LeaveGuardProvider } from './state/leave-guard';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/panes.css';
import './styles/dialogs.css';
import './styles/history.css';
import './styles/engines.css';

/** Wiring only: providers around the workbench. */
export function App() {
  return (
    <ToastProvider>
      <LeaveGuardProvider>
        <CommandsProvider>
          <Workbench />
        </CommandsProvider>
      </LeaveGuardProvider>
    </ToastProvider>
  );
}
