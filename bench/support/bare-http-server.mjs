// The least an HTTP answer costs on this machine: node:http answering a fixed JSON body, nothing
// else. http-api.ts puts it under the same paced load as `cafe-sms serve`, in the same run, so a
// latency figure can be read against what the machine itself adds.
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(202, { 'content-type': 'application/json' });
    response.end('{"message":{}}');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
