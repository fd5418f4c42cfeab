// Jumps in the reader (outline, find, a revealed passage, an annotation, the saved reading
// spot) land where they aim even though paragraphs off screen stand in with estimated
// heights (content-visibility in app.css): the paragraphs a jump brings near the view are
// laid out in the frames that follow, their real heights replace the estimates, and the
// target moves. The jump is made again in each of those frames; once they are laid out it
// no longer moves anything.

/** Frames after the jump in which it is made again. */
const SETTLE_FRAMES = 3;

/** Runs `jump` now and once in each of the next few frames; resolves after the last. */
export function settledJump(jump: () => void, frames = SETTLE_FRAMES): Promise<void> {
  jump();
  if (typeof requestAnimationFrame === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    let left = frames;
    const again = () => {
      jump();
      if (--left > 0) requestAnimationFrame(again);
      else resolve();
    };
    requestAnimationFrame(again);
  });
}
