// Lets the design system's CSS style components for JavaScript (as its page template does inline).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
