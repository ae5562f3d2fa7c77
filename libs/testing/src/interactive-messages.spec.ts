import { checkContract, SendMessageDto } from '@herald/contracts';
import fc from 'fast-check';
import { interactiveArbitrary, whatsappAccepts } from './interactive-messages';

describe('interactive messages around every WhatsApp limit', () => {
  it("Herald's validator accepts exactly the messages WhatsApp's limits accept", () => {
    fc.assert(
      fc.property(interactiveArbitrary(), (message) => {
        const check = checkContract(SendMessageDto, { to: '+31612345678', from: 'whatsapp', type: 'interactive', content: message.content });
        const problems = check.ok ? [] : check.problems;
        expect({ accepted: check.ok, problems }).toEqual({ accepted: whatsappAccepts(message), problems: check.ok ? [] : expect.any(Array) });
        // A refusal always names the field at fault, inside content.
        for (const problem of problems) expect(problem.field).toMatch(/^content\.(header|body|footer|action)/);
      }),
      { numRuns: 2000 },
    );
  });

  it('generates both sides of the limits', () => {
    const samples = fc.sample(interactiveArbitrary(), { numRuns: 500, seed: 7 });
    const accepted = samples.filter(whatsappAccepts).length;
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(450);
  });
});
