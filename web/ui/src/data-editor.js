// The learner's data being edited: the tool (add or erase), the class or value new points get,
// whether the output plane takes clicks, and the points while a drag goes on (the store gets
// them when the drag ends, so training restarts once per change, not on every pointer move).
// The output panel forwards pointer events here in data coordinates; the data panel sets the
// tool and class; `apply(data)` (actions.setData) commits a change.
import { addPoint, movePoint, removePoint, nearestPoint, kindOf } from './data-set.js';

export class DataEditor {
  /**
   * @param {{apply: (data) => void, data: () => object|null, using: () => boolean}} o `data()`
   *   reads the committed data (the store's), `using()` whether the page trains on them
   */
  constructor({ apply, data, using }) {
    this.apply = apply;
    this.committed = data;
    this.using = using;
    /** 'add' or 'erase' */
    this.tool = 'add';
    /** The class new points get (classification). */
    this.cls = 0;
    /** The value new points get (regression on the plane). */
    this.value = 1;
    /** Whether clicks on the output plane edit the points. */
    this.drawing = true;
    /** The learner started their points here (they are in use before the engine can train on them). */
    this.started = false;
    this.drag = null;  // {index, data}: the point being moved and the points as they are now
    /** Why the run does not train on the learner's points ('' when it does, or nothing tried yet). */
    this.problem = '';
    this.listeners = new Set();
  }

  /** `fn()` after every change the panels show (tool, class, a point moved during a drag). */
  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  #changed() {
    for (const fn of this.listeners) fn();
  }

  /** The points to draw: the ones being dragged, else the committed ones. */
  get data() {
    return this.drag?.data ?? this.committed();
  }

  /**
   * Whether the output plane edits the points now: drawing is on, the page trains on the
   * learner's points, and they have a plane of their own (a drawable kind, with a domain).
   */
  get active() {
    const d = this.committed();
    return this.drawing && this.using() && !!d?.domain && !!kindOf(d);
  }

  /**
   * The page tried to train on `data`: `problem` is why it does not ('' when it does). Kept
   * for the data panel while `data` are still the learner's points. Returns `problem`.
   */
  settled(problem, data) {
    if (data === this.committed()) {
      this.problem = problem;
      this.#changed();
    }
    return problem;
  }

  set(changes) {
    Object.assign(this, changes);
    this.#changed();
  }

  /**
   * A press on the plane at `coords` (data units; for a curve [x, y]): erases the point there
   * (eraser, or `erase` as with shift), starts dragging it, or adds a point. `radius` is the
   * hit radius per axis in data units. Returns what it did: 'removed', 'drag', 'added' or ''.
   */
  press(coords, { erase = false, radius }) {
    const d = this.committed();
    if (!this.active) return '';
    const hit = nearestPoint(d, coords, radius);
    if (erase || this.tool === 'erase') {
      if (hit < 0) return '';
      this.apply(removePoint(d, hit));
      return 'removed';
    }
    if (hit >= 0) {
      this.drag = { index: hit, data: d, moved: false };
      return 'drag';
    }
    this.apply(d.inputDim === 1 ? addPoint(d, [coords[0]], coords[1]) : addPoint(d, coords, d.task === 'classification' ? this.cls : this.value));
    return 'added';
  }

  /** The pointer moved while dragging: the point follows (snapped), drawn at once, not yet trained on. */
  move(coords) {
    if (!this.drag) return;
    const { index, data } = this.drag;
    this.drag.data = data.inputDim === 1 ? movePoint(data, index, [coords[0]], coords[1]) : movePoint(data, index, coords);
    this.drag.moved = true;
    this.#changed();
  }

  /** The drag ended: the moved point is committed (training restarts on the new points). */
  release() {
    const drag = this.drag;
    this.drag = null;
    if (drag?.moved) this.apply(drag.data);
    else this.#changed();
  }

  /** The drag was cancelled (pointer lost): the points stay as they were. */
  cancel() {
    this.drag = null;
    this.#changed();
  }
}
