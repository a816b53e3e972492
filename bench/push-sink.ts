/** A SimplePush endpoint for benchmarks: answers 200 to everything, in a process of its own. */
import http from 'node:http';

http
  .createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200).end());
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
