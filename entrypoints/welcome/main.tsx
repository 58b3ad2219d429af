import { render } from 'preact';
import { WelcomeApp } from '@/components/welcome/WelcomeApp';
import '@/components/welcome/welcome.css';

render(<WelcomeApp />, document.getElementById('app')!);
