global.setupOrder = ['setupFiles'];
globalThis.SETUP_RAN = true;
