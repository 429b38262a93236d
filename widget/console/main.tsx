/** Console entry: takes a token from the URL or the session, then renders the app. */
import { render } from 'preact';
import { App } from './components/app.tsx';
import { connect } from './api.ts';
import { savedToken, takeTokenFromUrl } from './session.ts';

const root = document.getElementById('app');
if (root) {
  const initialToken = takeTokenFromUrl() ?? savedToken();
  render(<App connectWith={(token) => connect(token)} initialToken={initialToken} />, root);
}
