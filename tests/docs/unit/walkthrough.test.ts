import { curlRequests, extractWalkthroughs, splitCommands } from '../support/walkthrough';

describe('splitCommands', () => {
  it('cuts at line ends, keeping continuations, multi-line quotes, $(...) and loops whole', () => {
    const body = [
      'API=$(jq -r .apiUrl .roadcall/stack.json)',
      '# a prose comment between commands',
      '',
      'ID=$(curl -s -X POST $API/incidents -d \'{"a":1,',
      '       "b":2}\' | jq -r .id)   # → 201',
      'curl -s -X PUT "$API/x" \\',
      '  -d \'{"status":"done"}\'   # → 409 NOT_OPEN',
      'for s in arrived completed; do',
      '  curl -s -X PUT "$API/incidents/$ID/status" -d "{\\"status\\":\\"$s\\"}"',
      'done   # → 200',
      "echo '# not a comment'",
      'curl -s "$API/r?from=$(date -u +%Y-%m-01)&to=x" | jq .a   # → 200',
    ].join('\n');
    const commands = splitCommands(body, 10);
    expect(commands.map((command) => command.line)).toEqual([10, 13, 15, 17, 20, 21]);
    expect(commands.map((command) => command.expect)).toEqual([
      undefined,
      { status: 201 },
      { status: 409, contains: 'NOT_OPEN' },
      { status: 200 },
      undefined,
      { status: 200 },
    ]);
    expect(commands.map((command) => command.callsCurl)).toEqual([false, true, true, true, false, true]);
  });

  it('refuses a block whose last command never ends', () => {
    expect(() => splitCommands('curl -d \'{"open": 1', 1)).toThrow(/Unterminated command at line 1/);
  });
});

describe('extractWalkthroughs', () => {
  it('takes only the blocks fenced as walk-throughs, with the page line of their first line', () => {
    const page = ['# Page', '```sh', 'not checked', '```', '```sh walkthrough', 'echo one', '```'].join('\n');
    expect(extractWalkthroughs(page)).toEqual([{ line: 6, body: 'echo one' }]);
  });
});

describe('curlRequests', () => {
  it('finds the method and the API path of each curl', () => {
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell command line, where ${API} is the shell's
      curlRequests('X=$(curl -s "$API/vendors?limit=1" | jq .a); curl -s -X PUT $API/incidents/$ID/accept; curl -d "{}" "${API}/jobs"'),
    ).toEqual([
      { method: 'GET', path: '/vendors' },
      { method: 'PUT', path: '/incidents/$ID/accept' },
      { method: 'POST', path: '/jobs' },
    ]);
  });
});
