/** The baseline: a bare Node `http` server answering a small JSON body. The practical limit of the machine. */
import http from 'node:http';

const body = JSON.stringify({ calleeFriendlyName: 'Bob', urlCreationDate: 1795600000 });
http
  .createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
