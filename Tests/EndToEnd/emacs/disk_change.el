;;; Batch Emacs 28 with Eglot 1.9 and editors/emacs/trackspec.el as its README says: plan.yaml open (clean),
;;; then `sed -i' run outside the editor renames a new catalog file over the old one. Eglot 1.9's own watcher
;;; drops renamed files; the server watches for itself, and Flymake must show the plan's new problem without
;;; the buffer being saved. JSON in $TRACKSPEC_EMACS_OUT.
;;; Loaded after the init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup').
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)
(let ((root (getenv "TRACKSPEC_ROOT")) (result '()))
  (push (cons 'managed (if (trackspec-test--open (expand-file-name "plan.yaml" root) 150) t :json-false)) result)
  ;; Time for the first (clean) publication.
  (trackspec-test--wait (lambda () nil) 15)
  (push (cons 'before (length (flymake-diagnostics))) result)
  (push (cons 'sed (call-process "sed" nil nil nil "-i" "s/id: product_id/id: product_sku/"
                                 (expand-file-name "catalog/properties.yaml" root)))
        result)
  (push (cons 'seen (if (trackspec-test--wait (lambda () (flymake-diagnostics)) 150) t :json-false)) result)
  (push (cons 'texts (vconcat (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))) result)
  (push (cons 'modified (if (buffer-modified-p) t :json-false)) result)
  (trackspec-test--write result))
(trackspec-test--stop)
