/**
 * The eight pages of the interview's login design, in the order its mockups
 * came, with the file names the wireframes and screenshots share.
 */
export interface MockupPage {
  /** File stem: public/mockups/wireframes/<id>.svg, public/mockups/real/<id>-<device>-<theme>.png */
  id: string;
  /** The interview's name for the page. */
  title: string;
  /** The portal's route. */
  path: string;
}

export const MOCKUP_PAGES: readonly MockupPage[] = [
  { id: 'landing', title: 'Landing page', path: '/' },
  { id: 'login', title: 'Login page', path: '/login' },
  { id: 'signup', title: 'Signup page', path: '/signup' },
  { id: 'success', title: 'Success page', path: '/welcome' },
  { id: 'reset-request', title: 'Password reset page', path: '/forgot-password' },
  { id: 'email-sent', title: 'Password reset email sent', path: '/forgot-password/sent' },
  { id: 'change-password', title: 'Change password form', path: '/account/password' },
  { id: 'password-changed', title: 'Password change notification', path: '/account/password/changed' },
];

export const DEVICES = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 360, height: 740 },
} as const;

export const THEMES = ['light', 'dark'] as const;
