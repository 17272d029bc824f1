// The single view's panels by name, in page order, without the panels' code: the embedding
// options (options.js) check `panels` and `hide` against this list, set.js builds from it.
// ("data" moves next to the output while the learner's points train: app.js.)
export const SINGLE = ['output', 'network', 'curves', 'scores', 'gradflow', 'units', 'histograms', 'activation', 'data'];
