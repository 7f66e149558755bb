import { Route, Switch } from 'wouter';
import { SignInPage } from './auth/sign-in-page';
import { CampaignPage } from './campaigns/campaign-page';
import { CampaignsPage } from './campaigns/campaigns-page';
import { ComposePage } from './campaigns/compose-page';
import { ContactsPage } from './contacts/contacts-page';
import { InboxPage } from './inbox/inbox-page';
import { ModeBanner } from './layout/mode-banner';
import { TopBar } from './layout/top-bar';
import { MessagesPage } from './messages/messages-page';
import { OverviewPage } from './overview/overview-page';
import { useSession } from './session/session-context';
import { SettingsPage } from './settings/settings-page';
import { ErrorNotice, Loading } from './ui/notices';

export function App() {
  const session = useSession();
  return (
    <>
      <ModeBanner mode={session.mode} />
      <AppBody />
    </>
  );
}

function AppBody() {
  const { status, startupError, retryStartup } = useSession();
  if (status === 'loading') {
    return (
      <main className="page" id="main-content" tabIndex={-1}>
        <Loading />
      </main>
    );
  }
  if (status === 'signed-out') {
    return (
      <>
        {startupError ? (
          <div className="page">
            <ErrorNotice error={startupError} />
            <button type="button" className="button-secondary" onClick={retryStartup}>
              Try again
            </button>
          </div>
        ) : null}
        <SignInPage />
      </>
    );
  }
  return (
    <>
      <TopBar />
      <main className="page" id="main-content" tabIndex={-1}>
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/contacts" component={ContactsPage} />
          <Route path="/campaigns" component={CampaignsPage} />
          <Route path="/campaigns/new" component={ComposePage} />
          <Route path="/campaigns/:id">{(params) => <CampaignPage id={params.id} />}</Route>
          <Route path="/messages" component={MessagesPage} />
          <Route path="/inbox" component={InboxPage} />
          <Route path="/settings" component={SettingsPage} />
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/">Go to the overview</a>.
      </p>
    </section>
  );
}
