"""The web view client: ``client.js`` + built-in components + ``client.css``, served as files
or as one bundle (``bundle``). It draws patch ops in any browser or webview."""
