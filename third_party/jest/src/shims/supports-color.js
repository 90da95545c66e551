module.exports = { stdout: false, stderr: false };
