/** Pointer → line lookup used by annotations (github, SARIF). */
import { expect, it } from 'vitest';
import { lineOfPointer } from '../src/render/locate.js';
const y = `openapi: 3.0.3
info:
  title: x
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: query
        - {name: owner, in: query}
      responses:
        '200':
          description: OK
components:
  schemas:
    Pet:
      properties:
        id: {type: string}
`;
it('finds the line of a pointer in block YAML (mappings, sequences, flow items, quoted keys) and in JSON, or its nearest surviving parent', () => {
  expect(lineOfPointer(y, '/paths/~1pets/get')).toBe(6);
  expect(lineOfPointer(y, '/paths/~1pets/get/parameters/1')).toBe(10);
  expect(lineOfPointer(y, '/paths/~1pets/get/parameters/0/in')).toBe(9);
  expect(lineOfPointer(y, '/paths/~1pets/get/responses/200/description')).toBe(13);
  expect(lineOfPointer(y, '/components/schemas/Pet/properties/id')).toBe(18);
  expect(lineOfPointer(y, '/components/schemas/Pet/properties/gone')).toBe(17);
  const j = JSON.stringify(JSON.parse(JSON.stringify({openapi:'3',paths:{'/pets':{get:{parameters:[{name:'a'},{name:'b',in:'q'}]}}}})), null, 2);
  expect(lineOfPointer(j, '/paths/~1pets/get/parameters/1/in')).toBe(j.split('\n').findIndex((l) => l.includes('"in"')) + 1);
  expect(lineOfPointer(j, '/paths/~1pets/get')).toBe(5);
});
